const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(k) { l: function g() { "use memo"; return k } return g(); }
module.exports.__run = () => [o(1), o(2), o(1)];