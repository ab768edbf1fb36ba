const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var arguments = 1; function f(a) { "use memo"; return [a, arguments.length]; }
module.exports.__run = () => [f(1), f(1, 2)];