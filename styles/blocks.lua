-- The pipeline's own blocks in the DOCX and EPUB editions:
--   `::: editorial` divs take the "Editorial Note" paragraph style of
--   styles/reference.docx, so the pipeline's notes never look like the
--   author's text, and open with the label the edition passes as the
--   metadata `editorial-label` (编者注：), as the PDF prints it; in the EPUB
--   each is an <aside role="note">, a note to any reading system, whatever
--   its stylesheet;
--   in the EPUB, the front matter (the pipeline's notes and the author's
--   abstract that open the document) moves to the metadata `front-matter`,
--   which templates/epub.xhtml sets on a page after the title page's facts:
--   pandoc would otherwise make it a chapter of its own under the book's
--   title, the first entry of the navigation;
--   `::: abstract` divs take the "Abstract" style, and their first paragraph
--   opens with the label the edition passes as the metadata `abstract-label`
--   (or `abstract-en-label` for an English abstract), as the PDF prints it;
--   marks side by side (`”、“`) are set close as in the PDF: each but the
--   last in a `halt` span (the marks: metadata `half-blank-marks`), which
--   the EPUB's stylesheet sets at half width and the DOCX ignores (Word
--   compresses punctuation itself);
--   the damage a note cites in the paragraph before it (metadata
--   `damage-notes`: each note's text and what it cites, as
--   pipeline/render/package.py finds them) is marked as the PDF marks it:
--   a `damaged` span, the "Damaged Text" character style in the DOCX;
--   a run of Western letters or digits beside Han text (metadata
--   `han-ranges`, `western-ranges`: pipeline/chars.py's code point ranges)
--   is spanned `gap-before`/`gap-after` where a Han character is, which the
--   EPUB's stylesheet sets a quarter em apart, as the PDF does (the DOCX's
--   word processor spaces them itself).
local labels = {}
local half_blank = {}
local damage = {}  -- note text -> the texts it cites
local han_ranges, western_ranges = {}, {}

-- Whether a value (a code point, a byte offset) lies in one of the [low, high] ranges.
local function in_ranges(ranges, code)
  for _, range in ipairs(ranges) do
    if code >= range[1] and code <= range[2] then return true end
  end
  return false
end

-- Inlines built from code points, each given the span attributes it goes in
-- (nil: plain text). Code points with the same attributes table, one after
-- another, share a Str or a Span; `spans` counts the spans made.
local function inline_builder()
  local built = {inlines = pandoc.Inlines{}, spans = 0}
  local codes, current = {}, nil
  local function flush()
    if #codes == 0 then return end
    local str = pandoc.Str(utf8.char(table.unpack(codes)))
    built.inlines:insert(current and pandoc.Span({str}, current) or str)
    built.spans = built.spans + (current and 1 or 0)
    codes = {}
  end
  function built.add(code, attributes)
    if attributes ~= current then flush(); current = attributes end
    codes[#codes + 1] = code
  end
  function built.done()
    flush()
    return built.inlines
  end
  return built
end

local function code_points(text)
  local codes = {}
  for _, code in utf8.codes(text) do codes[#codes + 1] = code end
  return codes
end

-- "4e00-9fff" strings -> {{0x4e00, 0x9fff}}
local function read_ranges(value)
  local ranges = {}
  for _, item in ipairs(value or {}) do
    local low, high = pandoc.utils.stringify(item):match('^(%x+)%-(%x+)$')
    ranges[#ranges + 1] = {tonumber(low, 16), tonumber(high, 16)}
  end
  return ranges
end

-- A Str with each Western run beside a Han character in a gap span.
local function space_western_runs(el)
  local codes, built, i = code_points(el.text), inline_builder(), 1
  while i <= #codes do
    local j = i
    while j <= #codes and in_ranges(western_ranges, codes[j]) do j = j + 1 end
    local gap = nil
    if j > i then
      local classes = {}
      if i > 1 and in_ranges(han_ranges, codes[i - 1]) then classes[#classes + 1] = 'gap-before' end
      if j <= #codes and in_ranges(han_ranges, codes[j]) then classes[#classes + 1] = 'gap-after' end
      gap = #classes > 0 and {class = table.concat(classes, ' ')} or nil
    else
      j = i + 1
    end
    for k = i, j - 1 do built.add(codes[k], gap) end
    i = j
  end
  local inlines = built.done()
  return built.spans > 0 and inlines or nil
end

-- The byte ranges of `text` that hold one of `cited` (plain text, not patterns).
local function cited_ranges(text, cited)
  local ranges = {}
  for _, needle in ipairs(cited) do
    local from = 1
    while true do
      local first, last = text:find(needle, from, true)
      if not first then break end
      ranges[#ranges + 1] = {first, last}
      from = last + 1
    end
  end
  return ranges
end

local DAMAGED = {class = 'damaged', ['custom-style'] = 'Damaged Text'}

-- A paragraph's inlines with the cited text in `damaged` spans: positions are
-- found in the paragraph's whole text, and each Str is cut where a marked
-- stretch starts or ends (a citation across a space marks the Str either side).
local function mark_damage(para, cited)
  local text = pandoc.utils.stringify(para)
  local ranges = cited_ranges(text, cited)
  if #ranges == 0 then return nil end
  local inlines, offset = pandoc.Inlines{}, 0
  for _, inline in ipairs(para.content) do
    local length = #pandoc.utils.stringify(inline)
    if inline.t == 'Str' then
      local built = inline_builder()
      for position, code in utf8.codes(inline.text) do
        built.add(code, in_ranges(ranges, offset + position) and DAMAGED or nil)
      end
      inlines:extend(built.done())
    else
      inlines:insert(inline)
    end
    offset = offset + length
  end
  para.content = inlines
  return para
end

local function mark_cited_damage(blocks)
  for i = 2, #blocks do
    local note = blocks[i]
    if note.t == 'Div' and note.classes:includes('editorial') and blocks[i - 1].t == 'Para' then
      local cited = damage[pandoc.utils.stringify(note)]
      if cited then mark_damage(blocks[i - 1], cited) end
    end
  end
  return blocks
end

-- A Str with marks side by side, as inlines with each but the last mark in a span.
local function compress_marks(el)
  local codes, built = code_points(el.text), inline_builder()
  for i, code in ipairs(codes) do
    local halved = half_blank[code] and codes[i + 1] and half_blank[codes[i + 1]]
    built.add(code, halved and {class = 'halt'} or nil)  -- a table each: a span each
  end
  local inlines = built.done()
  return built.spans > 0 and inlines or nil
end

-- An editorial note: labelled, and in the EPUB an <aside role="note">.
local function editorial_note(el)
  el.attributes['custom-style'] = 'Editorial Note'
  local first = el.content[1]
  if labels.editorial and first and first.t == 'Para' then
    first.content:insert(1, pandoc.Strong({pandoc.Str(labels.editorial .. '：')}))
  end
  if FORMAT:match('docx') then
    return el
  end
  local aside = pandoc.List({pandoc.RawBlock('html', '<aside class="editorial" role="note">')})
  aside:extend(el.content)
  aside:insert(pandoc.RawBlock('html', '</aside>'))
  return aside
end

-- The EPUB's front matter: the notes and abstracts that open the document,
-- gathered in one div while the document is walked, then moved to the
-- metadata (a document with no heading keeps its text as its body).
local function is_front(block)
  return block.t == 'Div' and (block.classes:includes('editorial') or block.classes:includes('abstract'))
end

local function gather_front(doc)
  local front = pandoc.List()
  while #doc.blocks > 0 and is_front(doc.blocks[1]) do front:insert(doc.blocks:remove(1)) end
  if #front > 0 then doc.blocks:insert(1, pandoc.Div(front, {class = 'front-matter'})) end
  return doc
end

local function move_front(doc)
  local first = doc.blocks[1]
  if first and first.t == 'Div' and first.classes:includes('front-matter') then
    doc.meta['front-matter'] = pandoc.MetaBlocks(first.content)
    doc.blocks:remove(1)
  end
  return doc
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
  labels.editorial = doc.meta['editorial-label'] and pandoc.utils.stringify(doc.meta['editorial-label'])
  for _, entry in ipairs(doc.meta['damage-notes'] or {}) do
    local cited = {}
    for _, text in ipairs(entry.cited) do cited[#cited + 1] = pandoc.utils.stringify(text) end
    damage[pandoc.utils.stringify(entry.note)] = cited
  end
  if not FORMAT:match('docx') then doc = gather_front(doc) end
  han_ranges = read_ranges(doc.meta['han-ranges'])
  western_ranges = read_ranges(doc.meta['western-ranges'])
  -- Marked before the marks are compressed and the runs spaced: a citation
  -- is found in whole Str text; the runs in what the marks leave.
  doc = doc:walk({Blocks = mark_cited_damage})
  if doc.meta['half-blank-marks'] then
    for _, code in utf8.codes(pandoc.utils.stringify(doc.meta['half-blank-marks'])) do half_blank[code] = true end
  end
  doc = doc:walk({
    Str = compress_marks,
    Div = function(el)
      if el.classes:includes('editorial') then
        return editorial_note(el)
      end
      return label_abstract(el)
    end
  })
  if FORMAT:match('docx') then
    return doc  -- Word and LibreOffice space Western runs from Han text themselves
  end
  return move_front(doc:walk({Str = space_western_runs}))
end
