-- The pipeline's own blocks in the DOCX and EPUB editions:
--   `::: editorial` divs take the "Editorial Note" paragraph style of
--   styles/reference.docx, so the pipeline's notes never look like the
--   author's text;
--   `::: abstract` divs take the "Abstract" style, and their first paragraph
--   opens with the label the edition passes as the metadata `abstract-label`
--   (or `abstract-en-label` for an English abstract), as the PDF prints it;
--   marks side by side (`”、“`) are set close as in the PDF: each but the
--   last in a `halt` span (the marks: metadata `half-blank-marks`), which
--   the EPUB's stylesheet sets at half width and the DOCX ignores (Word
--   compresses punctuation itself).
local labels = {}
local half_blank = {}

-- A Str with marks side by side, as inlines with each but the last mark in a span.
local function compress_marks(el)
  local chars = {}
  for _, code in utf8.codes(el.text) do chars[#chars + 1] = code end
  local inlines, pending, changed = pandoc.Inlines{}, {}, false
  local function flush()
    if #pending > 0 then
      inlines:insert(pandoc.Str(utf8.char(table.unpack(pending))))
      pending = {}
    end
  end
  for i, code in ipairs(chars) do
    if half_blank[code] and chars[i + 1] and half_blank[chars[i + 1]] then
      flush()
      inlines:insert(pandoc.Span({pandoc.Str(utf8.char(code))}, {class = 'halt'}))
      changed = true
    else
      pending[#pending + 1] = code
    end
  end
  if not changed then
    return nil
  end
  flush()
  return inlines
end

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
  if doc.meta['half-blank-marks'] then
    for _, code in utf8.codes(pandoc.utils.stringify(doc.meta['half-blank-marks'])) do half_blank[code] = true end
  end
  return doc:walk({
    Str = compress_marks,
    Div = function(el)
      if el.classes:includes('editorial') then
        el.attributes['custom-style'] = 'Editorial Note'
        return el
      end
      return label_abstract(el)
    end
  })
end
