// The app's entry: the README's stores snippet, as written.
import "./readme-stores.js";
