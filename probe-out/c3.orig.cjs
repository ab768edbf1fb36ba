const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(arguments) { function f(a) { "use memo"; return [a, arguments.length]; } return f; }
module.exports.__run = () => { const f = o(0); return [f(1), f(1, 2)] };