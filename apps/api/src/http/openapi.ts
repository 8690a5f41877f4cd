import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document at /openapi.json and Swagger UI at /docs. The UI's scripts and styles come from
 * swagger-ui-dist in node_modules, served by this process: no CDN, so /docs works offline.
 */
export function serveOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Riptide analyst api')
      .setDescription(
        'Coordinated clusters with their evidence and graphs, amplified objects, accounts, opinion series and shifts. ' +
          'Every /v1 route needs an API key ("Authorization: Bearer rtk_…"; riptide apikey create). ' +
          'Errors are {error, message, field?}; lists page by next_cursor and answer at most 500 rows.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'rtk_<id>_<secret>' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    swaggerOptions: { persistAuthorization: false },
  });
}
