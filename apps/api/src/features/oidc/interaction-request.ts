import { Type } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionRequest } from './interaction.service.js';
import type { OidcRuntime } from './runtime.js';

// What the interaction's routes share (its pages in oidc.routes.ts, the login inside it in
// app-sign-in.routes.ts): the uid and language parameters, and the request as the interaction
// service takes it.

export const UidParams = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });
export const LangQuery = Type.Object({
  lang: Type.Optional(
    Type.String({ maxLength: 5, description: "The page's language: nl, fr or en" }),
  ),
});

/**
 * A browser's request to an interaction route: the provider that holds the interaction, the raw
 * request and response (its cookie), the uid from the URL and the portal cookie.
 */
export const interactionRequest = async (
  runtime: OidcRuntime,
  raw: { req: IncomingMessage; res: ServerResponse },
  uid: string,
  portalToken: string | undefined,
): Promise<InteractionRequest> => ({
  provider: await runtime.current(),
  ...raw,
  uid,
  portalToken,
});
