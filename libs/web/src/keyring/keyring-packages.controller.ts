import { Body, Controller, Get, Header, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectConfig, publicHostOf, type MbdConfig } from '@mbd/config';
import { ConfigurationService, KeyringPackagesService, TestPackagesService, bootstrapAptScript, testPackageSources, testPackagesPassed } from '@mbd/workflows';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const distribution = z.string().min(1).max(200);
const keyringSchema = z.strictObject({
  distributions: z.array(distribution).max(100).optional(),
  withoutMigration: z.boolean().optional(),
});
const testSchema = z.strictObject({
  sources: z.array(z.enum(testPackageSources)).max(testPackageSources.length).optional(),
  distributions: z.array(distribution).max(100).optional(),
  autoPorts: z.array(distribution).max(100).optional(),
  withCheck: z.boolean().optional(),
});
const uploadIds = z.string().regex(/^[0-9a-f]{32}(,[0-9a-f]{32}){0,299}$/, 'comma-separated upload ids');
const outcomesSchema = z.strictObject({ uploads: uploadIds });

/** How long `withCheck` waits for the test packages to settle (mini-buildd's --with-check), at most. */
const CHECK_TIMEOUT_MS = 15 * 60_000;

/** mini-buildd's keyring_packages and test_packages, and the bootstrap script a new client runs (mini-buildd-bootstrap-apt). */
@ApiTags('packages')
@Controller()
export class KeyringPackagesController {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly configuration: ConfigurationService,
    private readonly keyringPackages: KeyringPackagesService,
    private readonly testPackages: TestPackagesService,
  ) {}

  @Post('api/keyring-packages')
  @Authenticated()
  @ApiOperation({
    summary: 'Build <repository>-archive-keyring for each distribution (default: the layouts\' buildKeyringPackage suites) through mbd\'s own incoming; once installed it is migrated up the whole chain unless withoutMigration',
  })
  async keyring(@Body(new ZodValidationPipe(keyringSchema)) body: z.infer<typeof keyringSchema>) {
    return { uploads: await this.keyringPackages.build(body, new Date()) };
  }

  @Post('api/test-packages')
  @Authenticated()
  @ApiOperation({
    summary: 'Upload mbd\'s test sources (mbd-test-archall, mbd-test-cpp, mbd-test-ftbfs) with a fresh version to each distribution (default: the experimental ones); withCheck waits (15 min at most) and passes when archall and cpp are installed and ftbfs failed',
  })
  async test(@Body(new ZodValidationPipe(testSchema)) body: z.infer<typeof testSchema>) {
    const uploads = await this.testPackages.build(body, new Date());
    if (body.withCheck !== true) return { uploads };
    const results = await this.testPackages.waitForOutcomes(uploads, CHECK_TIMEOUT_MS);
    return { uploads: results, passed: testPackagesPassed(results) };
  }

  @Get('api/test-packages/outcomes')
  @ApiOperation({ summary: 'What became of test package uploads (pending, installed, failed, rejected), by upload id' })
  async outcomes(@Query(new ZodValidationPipe(outcomesSchema)) query: z.infer<typeof outcomesSchema>) {
    return this.testPackages.outcomesOf(query.uploads.split(','));
  }

  @Get('repositories/:id/bootstrap-apt.sh')
  @Header('content-type', 'text/x-shellscript; charset=utf-8')
  @ApiOperation({ summary: 'mini-buildd-bootstrap-apt as a script: `sh bootstrap-apt.sh [codename] [suite]` installs <id>-archive-keyring (trust on first use)' })
  bootstrapApt(@Param('id') id: string) {
    const repository = this.configuration.current().repositories.get(id);
    if (!repository) throw new NotFoundException(`no repository ${id}`);
    return bootstrapAptScript({ host: publicHostOf(this.config), httpPort: this.config.httpPort, repository });
  }
}
