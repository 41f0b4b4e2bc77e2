import { Controller, Get, Header } from '@nestjs/common';
import { CONSOLE_CSS, CONSOLE_HTML } from './console-page';
import { CONSOLE_SCRIPT } from './console-script';

/** Content-Security-Policy of the console: its own script and styles only, no inline script. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

/** The web console: a static page and script; every datum comes from the token-protected API. */
@Controller()
export class ConsoleController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  page(): string {
    return CONSOLE_HTML;
  }

  @Get('console.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return CONSOLE_SCRIPT;
  }

  @Get('console.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  styles(): string {
    return CONSOLE_CSS;
  }
}
