const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function f() { "use memo"; return typeof this; }
module.exports.__run = () => [f.call(1), f.call('s')];