import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ConsoleBridge } from '../shared/ipc/contract';
import { chooseBridge } from './bridge/chooseBridge';
import { createConsoleServices } from './state/consoleServices';
import { ConsoleApp } from './ui/ConsoleApp';
import './styles.css';

const host = window as Window & { agentConsole?: ConsoleBridge };
const chosen = chooseBridge({
  agentConsole: host.agentConsole,
  location: window.location,
  createSocket: (url) => new WebSocket(url),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing its #root element');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp services={createConsoleServices(chosen)} />
  </StrictMode>,
);
