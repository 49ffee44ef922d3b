// Render a JSON Resume document to HTML with an npm theme.
// usage: node render_jsonresume.cjs THEME RESUME.json OUT.html
// NODE_PATH must point at the node_modules folder the themes were installed in.
const fs = require("fs");
const [theme, input, output] = process.argv.slice(2);
const resume = JSON.parse(fs.readFileSync(input, "utf8"));
(async () => {
  let mod;
  try {
    mod = require(theme);
  } catch (e) {
    // ESM-only themes: import by file URL (NODE_PATH does not apply to import).
    const { pathToFileURL } = require("url");
    const path = require("path");
    const root = (process.env.NODE_PATH || "").split(path.delimiter)[0];
    const pkg = JSON.parse(fs.readFileSync(path.join(root, theme, "package.json"), "utf8"));
    let entry = pkg.main || "index.js";
    const exp = pkg.exports && (pkg.exports["."] || pkg.exports);
    if (exp && exp.import) entry = typeof exp.import === "string" ? exp.import : exp.import.default;
    mod = await import(pathToFileURL(path.join(root, theme, entry)).href);
  }
  const render = mod.render || (mod.default && mod.default.render) || mod.default;
  const html = await render(resume);
  fs.writeFileSync(output, html);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
