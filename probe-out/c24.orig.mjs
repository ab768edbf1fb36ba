const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
const fs = [];
for (let i = 0; i < 3; i++) fs.push(() => {
  "use memo";
  return i;
});
function __run() {
  return fs.map((f) => f());
}
export {
  __run,
  fs
};
