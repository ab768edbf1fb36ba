const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function f() { "use memo"; arguments = [9]; return arguments[0]; }
module.exports.__run = () => [f(1), f(1, 2)];