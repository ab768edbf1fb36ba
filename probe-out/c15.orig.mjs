const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(k) {
  const H = class {
    get() {
      return k;
    }
  };
  const g = () => {
    "use memo";
    return new H().get();
  };
  return g();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
