package dev.usdt.autoconfigure.neverfired;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Two beans of the final class, so its warnings must still appear once per method. */
@Configuration(proxyBeanMethods = false)
public class NeverFiredConfiguration {

	@Bean
	public ReportService reportService() {
		return new ReportService();
	}

	@Bean
	public SealedLedger ledger() {
		return new SealedLedger();
	}

	@Bean
	public SealedLedger backupLedger() {
		return new SealedLedger();
	}

	@Bean
	public AuditTrail auditTrail() {
		return new AuditTrail();
	}

}
