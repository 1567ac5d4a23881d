// Conduit's Hawtio 4 console: Hawtio's JMX, Camel and Quartz plugins on the Jolokia agent of Conduit's management
// server. The page is served at /observe/hawtio/ by Conduit itself (io.conduit.console.ManagementPages), which also
// answers Hawtio's relative endpoints: `jolokia` (an alias of /observe/jolokia) and `user`.
import '@patternfly/react-core/dist/styles/base.css'
import '@hawtio/react/dist/index.css'
import { camel, configManager, hawtio, jmx, quartz, runtime } from '@hawtio/react'
import { HawtioInitialization } from '@hawtio/react/init'
import React from 'react'
import ReactDOM from 'react-dom/client'

const root = ReactDOM.createRoot(document.getElementById('root') as HTMLElement)
root.render(<HawtioInitialization verbose={false} />)

configManager.addProductInfo('Conduit', '0.1.0')
jmx()
camel()
quartz()
runtime()

hawtio.bootstrap().then(async () => {
  const { Hawtio } = await import('@hawtio/react/ui')
  root.render(
    <React.StrictMode>
      <Hawtio />
    </React.StrictMode>,
  )
})
