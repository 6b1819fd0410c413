import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** The XML media types an OPML upload may be sent as. */
export const XML_MEDIA_TYPES = ['text/xml', 'application/xml', 'text/x-opml'];
/** Feed media types a WebSub hub pushes; kept as bytes, since the push's signature covers the exact body. */
export const FEED_MEDIA_TYPES = ['application/atom+xml', 'application/rss+xml', 'application/feed+json'];

/**
 * Lets routes take an XML body as a string (the OPML import), and a pushed feed as bytes (the WebSub callback):
 * Fastify parses JSON only. The route's body limit
 * applies as for JSON. Installed once on the HTTP server when the module starts, before it listens.
 */
@Injectable()
export class XmlBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
    for (const type of XML_MEDIA_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    }
    for (const type of FEED_MEDIA_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    }
  }
}
