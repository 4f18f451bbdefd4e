import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class IssueApiKeyDto {
  @ApiProperty({ example: 'gestionale tributi' })
  @IsString()
  @Length(1, 100)
  label!: string;
}
