export class Markdownify {
  static async toMarkdown({ url, filePath }: { url?: string; filePath?: string }) {
    if (url) {
      // ruleid: ts-param-reaches-fetch
      const response = await fetch(url);
      return await response.text();
    }
    return filePath;
  }
}

export async function getPage(url: string) {
  // ruleid: ts-param-reaches-fetch
  return (await fetch(url)).text();
}

export async function getRepo(name: string) {
  // ok: ts-param-reaches-fetch
  return (await fetch(`https://api.github.com/repos/${encodeURIComponent(name)}`)).json();
}

export async function constant() {
  // ok: ts-param-reaches-fetch
  return (await fetch("https://example.com/status")).text();
}
