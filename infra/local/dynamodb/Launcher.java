import java.lang.reflect.Field;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local reachable from this machine only. The jar has no bind-address option and
 * listens on every interface, so any machine on the network could read and rewrite every table;
 * and a web page can reach a loopback server through DNS rebinding. Its own argument parsing is
 * kept: only its Jetty server changes, before it starts, in two ways:
 *   - every connector listens on 127.0.0.1;
 *   - a request whose Host header is not a loopback name gets 421 (the rule of
 *     infra/local/loopback.ts, which guards the other servers of the embedded host).
 *
 * The jar and its libraries go on the class path; infra/local/dynamodb/launcher.ts compiles
 * this file once (or Java's source launcher runs it as it is).
 */
public final class Launcher {
  private static final String HOST = "127.0.0.1";
  private static final Pattern LOOPBACK_HOST = Pattern.compile("^(?:127\\.0\\.0\\.1|localhost|\\[::1\\])(?::\\d{1,5})?$", Pattern.CASE_INSENSITIVE);
  private static final String REFUSAL =
      "{\"message\":\"Host header is not a loopback name: this local endpoint answers only requests addressed to 127.0.0.1, localhost or [::1] (DNS rebinding protection)\"}";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    if (proxy == null) throw new IllegalStateException("DynamoDB Local did not accept its arguments");
    // The Jetty server is a private field with no accessor. A renamed field fails here, loudly,
    // rather than leaving DynamoDB Local open to the network.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);

    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector c : connectors) {
      // Fail closed: a connector we cannot bind would listen on every interface.
      if (!(c instanceof ServerConnector sc)) throw new IllegalStateException("Cannot bind connector " + c + " to " + HOST);
      sc.setHost(HOST);
    }

    Handler inner = server.getHandler();
    if (inner == null) throw new IllegalStateException("DynamoDB Local has no request handler to guard");
    server.setHandler(new LoopbackHostOnly(inner));

    proxy.start();
    // The host waits for this line: it proves that this process, not another, holds the port.
    for (Connector c : connectors) System.out.println("bianzhi: DynamoDB Local listening on " + HOST + ":" + ((ServerConnector) c).getLocalPort());
    System.out.flush();
    proxy.join();
  }

  private static final class LoopbackHostOnly extends Handler.Wrapper {
    LoopbackHostOnly(Handler inner) {
      super(inner);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String host = request.getHeaders().get(HttpHeader.HOST);
      if (host != null && LOOPBACK_HOST.matcher(host).matches()) return super.handle(request, response, callback);
      response.setStatus(421);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, REFUSAL, callback);
      return true;
    }
  }
}
