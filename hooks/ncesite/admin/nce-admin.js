// Starts Decap CMS with the configuration the build made from the schemas (config.yml),
// after registering, for each collection, the format that keeps a file's comments and
// layout (nce-format.js). index.html loads Decap with CMS_MANUAL_INIT, so it waits for this.
import * as YAML from "./vendor/yaml/index.js";
import { makeFormat } from "./nce-format.js";

const response = await fetch("config.yml", { cache: "no-cache" });
const config = YAML.parse(await response.text());
for (const collection of config.collections) {
  window.CMS.registerCustomFormat(collection.format, collection.extension, makeFormat(YAML, collection));
}
window.CMS.init({ config: { ...config, load_config_file: false } });
