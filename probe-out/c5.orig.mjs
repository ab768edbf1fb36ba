const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
function o() {
  {
    const g = () => {
      "use memo";
      return 1;
    };
    return [g.name];
  }
}
function __run() {
  return o();
}
export {
  __run,
  o
};
