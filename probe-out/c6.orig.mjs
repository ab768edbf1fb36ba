const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
class A {
  f = () => {
    "use memo";
    return 1;
  };
  static s = function() {
    "use memo";
    return 1;
  };
}
function __run() {
  return [new A().f.name, A.s.name];
}
export {
  A,
  __run
};
