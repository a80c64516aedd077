-- The pipeline's own blocks in the DOCX and EPUB editions:
--   `::: editorial` divs take the "Editorial Note" paragraph style of
--   styles/reference.docx, so the pipeline's notes never look like the
--   author's text;
--   `::: abstract` divs take the "Abstract" style, and their first paragraph
--   opens with the label the edition passes as the metadata `abstract-label`
--   (or `abstract-en-label` for an English abstract), as the PDF prints it.
local labels = {}

local function label_abstract(el)
  if not el.classes:includes('abstract') then
    return nil
  end
  el.attributes['custom-style'] = 'Abstract'
  local label = labels[el.attributes['lang'] == 'en' and 'en' or 'zh']
  local first = el.content[1]
  if label and first and first.t == 'Para' then
    first.content:insert(1, pandoc.Strong({pandoc.Str(label .. '：')}))
  end
  return el
end

function Pandoc(doc)
  labels.zh = doc.meta['abstract-label'] and pandoc.utils.stringify(doc.meta['abstract-label'])
  labels.en = doc.meta['abstract-en-label'] and pandoc.utils.stringify(doc.meta['abstract-en-label'])
  return doc:walk({
    Div = function(el)
      if el.classes:includes('editorial') then
        el.attributes['custom-style'] = 'Editorial Note'
        return el
      end
      return label_abstract(el)
    end
  })
end
