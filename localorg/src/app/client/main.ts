/** The page's script: synthetic shadow, as in Lightning Experience, then the shell. */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Shell from './lwc/shell/shell';

document.body.appendChild(createElement('localorg-shell', { is: Shell }));
