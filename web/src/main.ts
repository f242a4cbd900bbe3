import { render } from 'preact';
import { App } from './app';
import { html } from './ui';
import './styles.css';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
