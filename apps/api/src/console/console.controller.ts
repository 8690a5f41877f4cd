import { Controller, Get, HttpException, HttpStatus, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundApiException } from '../http/api-error';

export const CONSOLE_DIR = Symbol('ConsoleDir');

/** File names the console build may hold: no path separators, no dot files, no `..`. */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Serves the console build (`riptide console build`) under /console/ and sends / there. The console
 * is static: it calls the api with the key the analyst gives it, so these routes need no key.
 * Without a build, /console/ answers 503 saying how to make one.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(@Inject(CONSOLE_DIR) private readonly dir: string) {}

  @Get()
  root(@Res() response: Response): void {
    response.redirect(302, '/console/');
  }

  // Express matches /console and /console/ alike; only the second resolves the build's relative URLs.
  @Get('console')
  index(@Req() request: Request, @Res() response: Response): void {
    if (!request.path.endsWith('/')) return response.redirect(301, '/console/');
    if (!existsSync(join(this.dir, 'index.html')))
      throw new HttpException(
        {
          error: 'console_not_built',
          message: `the console is not built in ${this.dir}: run "riptide console build" (or set API_CONSOLE_DIR)`,
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile('index.html', { root: this.dir });
  }

  @Get('console/:file')
  file(@Param('file') file: string, @Res() response: Response): void {
    if (!FILE_NAME.test(file) || !existsSync(join(this.dir, file)))
      throw new NotFoundApiException('console file', file);
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(file, { root: this.dir, dotfiles: 'deny' });
  }
}
