package dev.portolan.web.http;

import dev.portolan.web.error.ApiError;
import dev.portolan.web.error.ApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What happens to every request before the router sees it: it gets its id ({@link RequestIds}),
 * a body over {@link RequestLimits#MAX_BODY_BYTES} is refused (at once when its length says so,
 * else when reading passes the limit), multipart bodies, which no route takes, are refused, and a
 * HEAD request is routed as the GET it stands for: Jetty sends the GET's status and headers
 * without the body, and a path with no GET answers 404 or 405 as a GET would.
 */
public final class RequestFilter implements Filter {
  /** The method the client sent, before HEAD was routed as GET. */
  public static final String METHOD_ATTRIBUTE = "portolan.method";

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String id = RequestIds.of(request);
    response.setHeader(RequestIds.HEADER, id);
    request.setAttribute(METHOD_ATTRIBUTE, request.getMethod());
    if (request.getContentLengthLong() > RequestLimits.MAX_BODY_BYTES) {
      refuse(response, new ApiError(413, ErrorBodies.name(413), ErrorBodies.message(413, null), null, "body", id));
      return;
    }
    String type = request.getContentType();
    if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
      refuse(response, new ApiError(415, ErrorBodies.name(415), "no route takes a multipart body; send JSON"
          + " (application/json) to the API, or a form (application/x-www-form-urlencoded) from the UI's pages",
          null, "body", id));
      return;
    }
    chain.doFilter(new Limited(request, "HEAD".equals(request.getMethod())), response);
  }

  private static void refuse(HttpServletResponse response, ApiError error) throws IOException {
    response.setStatus(error.status());
    response.setContentType("application/json");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Connection", "close");
    response.getOutputStream().write(ErrorBodies.json(error));
  }

  /** The request as the router sees it: HEAD as GET, and a body that may not grow past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final boolean head;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, boolean head) {
      super(request);
      this.head = head;
    }

    @Override
    public String getMethod() {
      return head ? "GET" : super.getMethod();
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CappedStream(super.getInputStream());
      }
      return stream;
    }
  }

  private static final class CappedStream extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    CappedStream(ServletInputStream in) {
      this.in = in;
    }

    private int count(int n) {
      if (n > 0) {
        read += n;
        if (read > RequestLimits.MAX_BODY_BYTES) {
          throw new ApiException(new ApiError(413, ErrorBodies.name(413), ErrorBodies.message(413, null), null, "body",
              null));
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return count(in.read(buffer, offset, length));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
