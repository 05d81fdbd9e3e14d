// Vite as the React template sets it up; nothing for wacht-api-auth.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({ plugins: [react()] });
