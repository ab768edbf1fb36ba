const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(k) {
  try {
    throw { k };
  } catch ({ k: e }) {
    const g = () => {
      "use memo";
      return e;
    };
    return g();
  }
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
