import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { quietRxdbAdvert } from './db/quiet-console'
import { locale } from './i18n'
import { createAppRouter } from './router'
import './styles/main.css'

quietRxdbAdvert()
const app = createApp(App)
app.use(createPinia())
app.use(createAppRouter())
document.documentElement.lang = locale.value
app.mount('#app')

// `npm run bench:browser` builds with this set, to time lookups inside the page; every other
// build drops the branch and the module.
if (import.meta.env.VITE_BENCH_HOOKS === '1')
  void import('./db/bench-hooks').then(m => m.installBenchHooks())
