package dev.usdt.benchmarks.spring;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;

/**
 * The smallest Spring Boot application that exercises the starter: one plain bean and the same
 * bean with {@code @UsdtProbe} twice, made by a {@code @Bean} method (proxied) and registered by
 * its class (the generated {@code ProbedWorkService$$Usdt}), auto-configuration as a user gets
 * it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ProbedWorkService.class)
public class BenchApplication {

	/** The provider the {@code @UsdtProbe} methods register under. */
	public static final String PROVIDER = "springbench";

	@Bean
	WorkService plainWorkService() {
		return new WorkService();
	}

	@Bean
	ProbedWorkService probedWorkService() {
		return new ProbedWorkService();
	}

	@Bean
	NoopAdvisedWorkService noopAdvisedWorkService() {
		return new NoopAdvisedWorkService();
	}

	/** Infrastructure role: without aspectjweaver only infrastructure advisors are applied (G2). */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor noopAdvisor() {
		return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoopAdvised.class),
				(MethodInterceptor) (invocation) -> invocation.proceed());
	}

	/**
	 * Starts the application without a web server, banner or logging noise.
	 * @param usdt whether the starter's auto-configuration is active ({@code usdt.enabled})
	 */
	public static ConfigurableApplicationContext start(boolean usdt) {
		SpringApplication application = new SpringApplication(BenchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		application.setBannerMode(Banner.Mode.OFF);
		return application.run("--usdt.enabled=" + usdt, "--usdt.backend=stapsdt", "--usdt.strict=true",
				"--usdt.provider=" + PROVIDER, "--logging.level.root=WARN");
	}

}
