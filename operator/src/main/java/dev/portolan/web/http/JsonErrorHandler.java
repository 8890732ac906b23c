package dev.portolan.web.http;

import dev.portolan.web.error.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers for requests that never reach a route (a request line or headers over the
 * limit, a message that is not HTTP) and for errors Jetty itself raises while dispatching: the
 * same JSON {@link ApiError} as every other refusal, with a request id, instead of Jetty's HTML.
 */
public final class JsonErrorHandler extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String id = RequestIds.next();
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(RequestIds.HEADER, id);
    fields.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(ErrorBodies.json(new ApiError(status, ErrorBodies.name(status),
        ErrorBodies.message(status, reason), null, null, id)));
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    int status = response.getStatus() < 400 ? 500 : response.getStatus();
    String reason = (String) request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_MESSAGE);
    String id = RequestIds.of(request);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader(RequestIds.HEADER, id);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(ErrorBodies.json(new ApiError(status, ErrorBodies.name(status),
        status >= 500 ? "the request failed on the server; see the operator's log (request " + id + ")"
            : ErrorBodies.message(status, reason), null, null, id)));
  }
}
