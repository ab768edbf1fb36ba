const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o(arr) {
  const out = [];
  for (const [i, v] of arr.entries()) {
    const g = () => {
      "use memo";
      return v;
    };
    out.push(g());
  }
  return out;
}
function __run() {
  return [o([1, 2]), o([3, 4])];
}
export {
  __run,
  o
};
