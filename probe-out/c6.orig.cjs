const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
const { stats } = require('memokit'); const ids = (...fs) => fs.map((f) => Object.keys(stats(f)));
function o() { const r = ids(g); l: function g() { "use memo"; return 1 } return r }
module.exports = { __run() { return [1] }, __reg() { return o() } };