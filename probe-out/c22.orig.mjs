const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(k) {
  class A {
    q = k;
    f = () => {
      "use memo";
      return this.q;
    };
  }
  return new A().f();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
