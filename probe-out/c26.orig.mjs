const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function F() {
  "use memo";
  return { nt: new.target === F };
}
function __run() {
  return [F().nt, new F().nt, F().nt];
}
export {
  F,
  __run
};
