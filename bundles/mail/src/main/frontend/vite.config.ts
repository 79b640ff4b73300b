import { defineConfig } from 'vite';
import { moduleScreen } from '../../../../portal/src/main/frontend/vite-shared.js';

// the build every module's screen shares with the others (see vite-shared.ts in the portal)
export default defineConfig(moduleScreen());
