// One build, three apps, chosen by ?app=: the README's hooks snippet as written (readme), a full
// API-keys screen over every hook (screen), and the guide's flow with a ticket that arrives after
// the first render (late-ticket).
const apps = {
  readme: () => import("./readme-app.jsx"),
  screen: () => import("./screen-app.jsx"),
  "late-ticket": () => import("./late-ticket-app.jsx"),
};
const name = new URLSearchParams(location.search).get("app") ?? "readme";
await apps[name]();
