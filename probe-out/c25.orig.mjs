const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
let g;
{
  let k = 1;
  g = () => {
    "use memo";
    return k;
  };
}
function __run() {
  return [g()];
}
export {
  __run,
  g
};
