// The format Decap CMS reads and writes the site's data files with (CMS.registerCustomFormat).
//
// A saved file stays the file an editor would have written: where a field changed, only
// that field's lines change. The first line that links the file to its schema, comments,
// blank lines, key order, the layout of lists and the style of each text (plain, quoted,
// folded or literal block) stay as they were. fromFile keeps the file's text beside the
// values; toFile finds in that text, with the `yaml` package's parser, the place of each
// value that changed, and writes only that value, in the file's own style.
//
// The form shows prose (English alone, or English and Bokmål) as a pair of fields: a
// text written in English alone is shown as {en} and written back as it was unless the
// Bokmål is added. A year written as a number stays a number.
//
// The module takes the `yaml` package as an argument, so the same code runs in the
// browser (vendor/yaml) and in node (the tests).

const SOURCE = "__nce_source"; // where fromFile keeps the file's text; never written
const LINE_WIDTH = 100; // folded blocks are wrapped to this width, counting the indentation
const LONG_TEXT = 80; // a new text longer than this (or on several lines) is written as a block
const INLINE_TYPES = new Set(["PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"]);
const TIMESTAMP = "tag:yaml.org,2002:timestamp";
const SCALAR = { kind: "scalar" };
const PROSE = { kind: "prose" };

// ------------------------------------------------------------------ the shape of a file

/** The shape of a collection's files, from its Decap fields: mappings, lists, prose, scalars. */
export function shapeOf(fields) {
  return mapShape(fields);
}

function mapShape(fields) {
  const shapes = {};
  for (const field of fields) shapes[field.name] = fieldShape(field);
  return { kind: "map", keys: fields.map((field) => field.name), fields: shapes };
}

function isProseField(field) {
  // cms.py makes prose (and each item of a list of prose) exactly two text fields, en and nb.
  const names = (field.fields || []).map((part) => part.name);
  return names.length === 2 && names[0] === "en" && names[1] === "nb";
}

function fieldShape(field) {
  const widget = field.widget || "string";
  if (widget === "object") return isProseField(field) ? PROSE : mapShape(field.fields || []);
  if (widget === "list") {
    if (field.fields) return { kind: "list", item: isProseField(field) ? PROSE : mapShape(field.fields) };
    return { kind: "list", item: field.field ? fieldShape(field.field) : SCALAR };
  }
  if (widget === "select" && field.multiple) return { kind: "list", item: SCALAR };
  return SCALAR;
}

// ------------------------------------------------------------------ values

const isMap = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function isEmpty(value) {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0) || (isMap(value) && Object.keys(value).length === 0);
}

function equal(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equal(a[key], b[key]));
  }
  return false;
}

/** A file's values as the form shows them: prose as {en, nb}. */
function toForm(value, shape) {
  if (shape.kind === "prose") return typeof value === "string" ? { en: value } : value;
  if (shape.kind === "map" && isMap(value)) {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = toForm(item, shape.fields[key] || SCALAR);
    return out;
  }
  if (shape.kind === "list" && Array.isArray(value)) return value.map((item) => toForm(item, shape.item));
  return value;
}

/** The form's values as the file holds them, given what it held (`old`); undefined: left out. */
function fromForm(value, old, shape) {
  if (shape.kind === "prose" && isMap(value)) {
    const en = isEmpty(value.en) ? undefined : value.en;
    const nb = isEmpty(value.nb) ? undefined : value.nb;
    if (en === undefined && nb === undefined) return undefined;
    if (nb === undefined && typeof old === "string") return en; // English alone, as it was written
    return nb === undefined ? { en } : en === undefined ? { nb } : { en, nb };
  }
  if (shape.kind === "map" && isMap(value)) {
    const out = {};
    for (const key of Object.keys(value)) {
      const item = fromForm(value[key], isMap(old) ? old[key] : undefined, shape.fields[key] || SCALAR);
      if (item !== undefined) out[key] = item;
    }
    return Object.keys(out).length || (isMap(old) && equal(out, old)) ? out : undefined;
  }
  if (shape.kind === "list" && Array.isArray(value)) {
    const out = value.map((item, i) => fromForm(item, Array.isArray(old) ? old[i] : undefined, shape.item))
      .filter((item) => item !== undefined);
    return out.length || (Array.isArray(old) && old.length === 0) ? out : undefined;
  }
  if (isEmpty(value)) return undefined;
  if (typeof old === "number" && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim()); // a year written as a number (founded: 1968) stays a number
  }
  return value;
}

/** Keys in the order of the form's fields (the schema's), any others after them. */
function orderedKeys(value, shape) {
  const known = shape.kind === "map" ? shape.keys : [];
  return [...known.filter((key) => key in value), ...Object.keys(value).filter((key) => !known.includes(key))];
}

function ordered(value, shape) {
  if (shape.kind === "map" && isMap(value)) {
    const out = {};
    for (const key of orderedKeys(value, shape)) out[key] = ordered(value[key], shape.fields[key] || SCALAR);
    return out;
  }
  if (shape.kind === "list" && Array.isArray(value)) return value.map((item) => ordered(item, shape.item));
  return value;
}

// ------------------------------------------------------------------ writing values as YAML

function renderOptions(YAML) {
  // YAML 1.1's types (so a text such as `yes` or `1_000` is quoted for every reader), but a
  // date stays plain: the data's dates are text, as the schemas say, and written unquoted.
  return { version: "1.1", customTags: (tags) => tags.filter((tag) => tag.tag !== TIMESTAMP) };
}

/** Give new texts a block style where they are long, and `hint`'s style to the top value. */
function styleScalars(YAML, doc, top, hint) {
  YAML.visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string") return;
      if (node === top && hint && YAML.isScalar(hint) && typeof hint.value === "string") {
        const block = hint.type === "BLOCK_FOLDED" || hint.type === "BLOCK_LITERAL";
        if (block) {
          // A text box drops the final line break: keep the block's own ending (| or |-).
          node.value = node.value.replace(/\n*$/, hint.value.endsWith("\n") ? "\n" : "");
          node.type = hint.type;
          return;
        }
        if (!node.value.includes("\n")) {
          node.type = hint.type;
          return;
        }
      }
      if (node.value.includes("\n")) node.type = "BLOCK_LITERAL";
      else if (node.value.length > LONG_TEXT) node.type = "BLOCK_FOLDED";
    },
  });
}

/** YAML lines for `key: value` (or `- value` when key is undefined), indented by `indent`. */
function render(ctx, key, value, shape, hint, indent) {
  const { YAML } = ctx;
  const content = ordered(value, shape);
  const doc = new YAML.Document(key === undefined ? [content] : { [key]: content }, renderOptions(YAML));
  const top = key === undefined ? doc.contents.items[0] : doc.contents.items[0].value;
  styleScalars(YAML, doc, top, hint);
  const text = doc.toString({ indentSeq: ctx.indentSeq, lineWidth: Math.max(LINE_WIDTH - indent.length, 40),
                              minContentWidth: 20 });
  return text.split("\n").map((line, i, lines) => (i === lines.length - 1 || line === "" ? line : indent + line)).join("\n");
}

/** The text of a scalar value written after `key: ` on one line, or null if it needs more. */
function inlineScalar(ctx, value, hint) {
  if (isMap(value) || Array.isArray(value)) return null;
  if (typeof value === "string" && (value.includes("\n") || value.length > LONG_TEXT)) return null;
  const text = render(ctx, "k", value, SCALAR, hint, "");
  const lines = text.split("\n");
  if (lines.length !== 2 || !lines[0].startsWith("k: ")) return null;
  return lines[0].slice(3);
}

// ------------------------------------------------------------------ where values are in the text

function lineStart(src, pos) {
  return src.lastIndexOf("\n", pos - 1) + 1;
}

function endOfLine(src, pos) {
  if (pos > 0 && src[pos - 1] === "\n") return pos;
  const next = src.indexOf("\n", pos);
  return next === -1 ? src.length : next + 1;
}

/** Where a node's last value ends (comments after it belong to what follows). */
function contentEnd(YAML, node) {
  if (YAML.isMap(node) && !node.flow && node.items.length) {
    const last = node.items[node.items.length - 1];
    return last.value ? contentEnd(YAML, last.value) : last.key.range[1];
  }
  if (YAML.isSeq(node) && !node.flow && node.items.length) return contentEnd(YAML, node.items[node.items.length - 1]);
  return node.range[1];
}

/** A pair's text: [start, end). Start is its line's start, or its key's where a list item's dash comes first. */
function pairExtent(ctx, pair) {
  const keyStart = pair.key.range[0];
  const start = lineStart(ctx.src, keyStart);
  const first = /^ *$/.test(ctx.src.slice(start, keyStart)) ? start : keyStart;
  const end = pair.value ? contentEnd(ctx.YAML, pair.value) : pair.key.range[1];
  return [first, endOfLine(ctx.src, end)];
}

function indentOf(ctx, node) {
  return " ".repeat(node.range[0] - lineStart(ctx.src, node.range[0]));
}

/** A list item's text: from its dash's line to its end; null where the dash is on another line. */
function itemExtent(ctx, item) {
  const start = lineStart(ctx.src, item.range[0]);
  if (!/^ *- +$/.test(ctx.src.slice(start, item.range[0]))) return null;
  return [start, endOfLine(ctx.src, contentEnd(ctx.YAML, item))];
}

/** Whether the list style of the file indents a list under its key (programme.yml) or not. */
function detectIndentSeq(YAML, src, node) {
  let found = null;
  YAML.visit(node, {
    Pair(_, pair) {
      if (found === null && YAML.isSeq(pair.value) && !pair.value.flow && pair.value.items.length) {
        const keyColumn = pair.key.range[0] - lineStart(src, pair.key.range[0]);
        const dash = src.lastIndexOf("-", pair.value.items[0].range[0]);
        found = dash - lineStart(src, dash) > keyColumn;
        return YAML.visit.BREAK;
      }
    },
  });
  return found === null ? true : found;
}

// ------------------------------------------------------------------ changing the text

// Each function adds edits ({start, end, text}) for the values that differ and returns true,
// or returns false where it cannot keep the rest of the node as it is: then the caller writes
// the whole node (a pair or a list item) anew.

function patchMap(ctx, node, old, value, shape, edits) {
  const { YAML } = ctx;
  if (!YAML.isMap(node) || node.flow || !node.items.length || !isMap(old) || !isMap(value)) return false;
  const compact = lineStart(ctx.src, node.items[0].key.range[0]) !== pairExtent(ctx, node.items[0])[0];
  const present = node.items.map((pair) => String(pair.key.value));
  const indent = indentOf(ctx, node.items[0].key);
  const mine = [];
  for (const [index, pair] of node.items.entries()) {
    const key = String(pair.key.value);
    const [start, end] = pairExtent(ctx, pair);
    if (!(key in value)) {
      if (compact && index === 0) return false; // the item's dash is on this pair's line
      mine.push({ start, end, text: "" });
      continue;
    }
    const childShape = (shape.kind === "map" && shape.fields[key]) || SCALAR;
    if (!patchValue(ctx, pair.value, old[key], value[key], childShape, mine)) {
      let text = render(ctx, key, value[key], childShape, pair.value, indent);
      if (start !== lineStart(ctx.src, start)) text = text.slice(indent.length);
      mine.push({ start, end, text });
    }
  }
  const order = shape.kind === "map" ? shape.keys : [];
  const added = orderedKeys(value, shape).filter((key) => !present.includes(key));
  for (const key of added) {
    // After the nearest key before it in the form's order that the file has; else first.
    const before = order.slice(0, Math.max(order.indexOf(key), 0)).reverse().find((name) => present.includes(name));
    let at;
    if (before !== undefined) at = pairExtent(ctx, node.items[present.indexOf(before)])[1];
    else if (compact) return false;
    else at = pairExtent(ctx, node.items[0])[0];
    const childShape = (shape.kind === "map" && shape.fields[key]) || SCALAR;
    mine.push({ start: at, end: at, text: render(ctx, key, value[key], childShape, null, indent) });
  }
  edits.push(...mine);
  return true;
}

function patchSeq(ctx, node, old, value, shape, edits) {
  const { YAML } = ctx;
  if (!YAML.isSeq(node) || node.flow || !node.items.length || !Array.isArray(old) || !Array.isArray(value)) return false;
  const extents = node.items.map((item) => itemExtent(ctx, item));
  if (extents.some((extent) => extent === null) || node.items.length !== old.length) return false;
  const dash = " ".repeat(ctx.src.slice(extents[0][0]).indexOf("-"));
  let head = 0;
  while (head < old.length && head < value.length && equal(old[head], value[head])) head += 1;
  let tail = 0;
  while (tail < old.length - head && tail < value.length - head &&
         equal(old[old.length - 1 - tail], value[value.length - 1 - tail])) tail += 1;
  const oldMiddle = old.length - head - tail;
  const newMiddle = value.length - head - tail;
  const paired = Math.min(oldMiddle, newMiddle);
  const mine = [];
  for (let i = head; i < head + paired; i += 1) {
    if (!patchValue(ctx, node.items[i], old[i], value[i], shape.item || SCALAR, mine)) {
      const [start, end] = extents[i];
      mine.push({ start, end, text: render(ctx, undefined, value[i], shape.item || SCALAR, node.items[i], dash) });
    }
  }
  for (let i = head + paired; i < head + oldMiddle; i += 1) mine.push({ start: extents[i][0], end: extents[i][1], text: "" });
  if (newMiddle > paired) {
    const at = head + paired > 0 ? extents[head + paired - 1][1] : extents[0][0];
    const text = value.slice(head + paired, head + newMiddle)
      .map((item) => render(ctx, undefined, item, shape.item || SCALAR, null, dash)).join("");
    mine.push({ start: at, end: at, text });
  }
  edits.push(...mine);
  return true;
}

function patchValue(ctx, node, old, value, shape, edits) {
  const { YAML } = ctx;
  if (equal(old, value)) return true;
  if (!node) return false;
  if (YAML.isMap(node)) return patchMap(ctx, node, old, value, shape, edits);
  if (YAML.isSeq(node)) return patchSeq(ctx, node, old, value, shape, edits);
  if (YAML.isScalar(node) && INLINE_TYPES.has(node.type) && node.value !== null &&
      !ctx.src.slice(node.range[0], node.range[1]).includes("\n")) {
    const text = inlineScalar(ctx, value, node);
    if (text !== null) {
      edits.push({ start: node.range[0], end: node.range[1], text });
      return true;
    }
  }
  return false;
}

function applyEdits(src, edits) {
  // From the end, so earlier positions stay valid; text inserted at one place keeps its order.
  const sorted = edits.map((edit, index) => ({ ...edit, index }))
    .sort((a, b) => b.start - a.start || b.index - a.index);
  let out = src;
  for (const { start, end, text } of sorted) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** The file's text with `value` in place of what it held, changed only where values differ. */
export function patchText(YAML, src, value, shape) {
  const text = src.endsWith("\n") ? src : src + "\n";
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw doc.errors[0];
  const old = doc.toJS();
  const ctx = { YAML, src: text, indentSeq: detectIndentSeq(YAML, text, doc.contents) };
  const edits = [];
  if (patchValue(ctx, doc.contents, old, value, shape, edits)) return applyEdits(text, edits);
  // Nothing to keep a place for (an empty file, a file that is not a mapping): all anew, after its comments.
  const body = doc.contents ? lineStart(text, doc.contents.range[0]) : text.length;
  return text.slice(0, body) + renderMapping(ctx, value, shape);
}

/** A whole file's values, key by key in the form's order. */
function renderMapping(ctx, value, shape) {
  const content = ordered(value, shape);
  return Object.keys(content)
    .map((key) => render(ctx, key, content[key], (shape.kind === "map" && shape.fields[key]) || SCALAR, null, ""))
    .join("");
}

// ------------------------------------------------------------------ the format

/** Decap's custom format for a collection of the configuration (its fields and modeline). */
export function makeFormat(YAML, collection) {
  const fields = collection.fields || (collection.files && collection.files[0].fields) || [];
  const shape = shapeOf(fields);
  return {
    fromFile(text) {
      const doc = YAML.parseDocument(text);
      if (doc.errors.length) throw doc.errors[0];
      const values = toForm(doc.toJS() || {}, shape);
      return { ...values, [SOURCE]: text };
    },
    toFile(data) {
      const { [SOURCE]: source, ...values } = data;
      if (typeof source === "string") {
        const old = YAML.parseDocument(source).toJS() || {};
        return patchText(YAML, source, fromForm(values, old, shape) || {}, shape);
      }
      // A new file: the schema's first line, then the values in the form's order.
      const value = fromForm(values, undefined, shape) || {};
      const body = renderMapping({ YAML, src: "", indentSeq: true }, value, shape);
      return (collection.modeline ? collection.modeline + "\n" : "") + body;
    },
  };
}
