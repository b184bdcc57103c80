/** The bare page that drives the in-browser kernel's worker (kernel-page.mjs). */
export function kernelPageHtml(options: { title: string; cwd: string; listings?: boolean }): string;
