const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function f() { "use memo"; { function arguments() {} } return arguments.length; }
module.exports.__run = () => [f(1), f(1, 2)];