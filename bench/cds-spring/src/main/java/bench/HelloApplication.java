package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** One route, so that start-up is the framework's own: component scan, auto-configuration, Tomcat. */
@SpringBootApplication
@RestController
public class HelloApplication {

    @GetMapping("/")
    String hello() {
        return "hello\n";
    }

    public static void main(String[] args) {
        SpringApplication.run(HelloApplication.class, args);
    }
}
