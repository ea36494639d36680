// Runs the web editor's file format (hooks/ncesite/admin/nce-format.js) as Decap CMS does,
// for tests/test_cms_format.py. Reads JSON from stdin:
//   {"collection": <a collection of admin/config.yml>, "cases": [{"text": <file or null>, "edits": [[path, value], ...]}]}
// and writes {"texts": [...]}: for each case, the file fromFile read, with each edit made
// to the form's values (a value of null removes the field), written back by toFile.
// Decap passes the values through Immutable.js, so they go through JSON here as well.
import * as YAML from "../../hooks/ncesite/admin/vendor/yaml/index.js";
import { makeFormat } from "../../hooks/ncesite/admin/nce-format.js";

function setIn(target, path, value) {
  let here = target;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (value === null) {
        if (Array.isArray(here)) here.splice(key, 1);
        else delete here[key];
      } else here[key] = value;
    } else {
      if (here[key] === undefined || here[key] === null) here[key] = typeof path[i + 1] === "number" ? [] : {};
      here = here[key];
    }
  }
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { collection, cases } = JSON.parse(input);
const format = makeFormat(YAML, collection);
const texts = cases.map(({ text, edits }) => {
  const values = text === null ? {} : JSON.parse(JSON.stringify(format.fromFile(text)));
  for (const [path, value] of edits) setIn(values, path, value);
  return format.toFile(values);
});
process.stdout.write(JSON.stringify({ texts }));
