const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function f() { "use memo"; return (() => { var arguments = 3; return arguments })() + arguments.length; }
module.exports.__run = () => [f(1), f(1, 2)];