const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
class A {
  m() {
    const g = () => {
      "use memo";
      return 1;
    };
    return [g.name];
  }
}
function __run() {
  return new A().m();
}
export {
  A,
  __run
};
