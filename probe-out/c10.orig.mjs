const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { stats } from "memokit";
const ids = (...fs) => fs.map((f) => Object.keys(stats(f)));
const r = (() => {
  try {
    return ids(h);
  } catch {
    return "tdz";
  }
})();
const h = () => {
  "use memo";
  return 1;
};
function __run() {
  return [1];
}
function __reg() {
  return r;
}
export {
  __reg,
  __run,
  r
};
