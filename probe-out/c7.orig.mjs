const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
let g;
g = () => {
  "use memo";
  return 1;
};
function __run() {
  return [g.name];
}
export {
  __run
};
