import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { locale } from './i18n'
import { createAppRouter } from './router'
import './styles/main.css'

const app = createApp(App)
app.use(createPinia())
app.use(createAppRouter())
document.documentElement.lang = locale.value
app.mount('#app')
