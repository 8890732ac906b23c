/** The portal's JSON API under {@code /api/v1}: routes over the views, and the OpenAPI document. */
package dev.portolan.web.api;
