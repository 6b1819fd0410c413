import { markdownToText } from './src/domain/content/acquisition/file-source';
console.log(JSON.stringify(markdownToText("# Title\n\nIntro text here.\n\n- item one\n- item two\n  continues here\n1. numbered: ok\n\n```ts\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nUse `__pycache__` and **bold**.\n")));
