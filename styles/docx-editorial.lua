-- DOCX edition: `::: editorial` divs take the "Editorial Note" paragraph
-- style of styles/reference.docx, so the pipeline's notes never look like
-- the author's text.
function Div(el)
  if el.classes:includes('editorial') then
    el.attributes['custom-style'] = 'Editorial Note'
  end
  return el
end
