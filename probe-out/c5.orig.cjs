const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function arguments() {} class A { m(a) { "use memo"; return [a, arguments.length]; } }
module.exports.__run = () => { const x = new A(); return [x.m(1), x.m(1, 2)] };