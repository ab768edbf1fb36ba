const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
class A {
  static n;
  static {
    const g = () => {
      "use memo";
      return 1;
    };
    this.n = g.name;
  }
}
function __run() {
  return [A.n];
}
export {
  A,
  __run
};
